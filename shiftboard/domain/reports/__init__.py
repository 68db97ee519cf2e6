"""The lead's desk: reports over periods, the KPI sheet, record completeness."""
