"""The lead's desk on screen: reports with charts, the KPI sheet."""
