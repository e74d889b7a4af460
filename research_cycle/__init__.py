"""Enquiry Workbench domain package: the store, the enquiry cycle and its rules.

Never imports streamlit (except :mod:`research_cycle.st_glue`, the caching glue).
"""
