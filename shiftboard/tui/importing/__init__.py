"""The Import screen: a platform export previewed row by row, then imported on confirmation."""
