"""Reports that read data sets and print or save results (orchestration layer)."""
