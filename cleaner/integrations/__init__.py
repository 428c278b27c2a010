"""Adapters that run cleaner inside other frameworks (Scrapy, Spark).

Each lives in its own module and imports its framework lazily, so importing
cleaner never requires Scrapy or PySpark.
"""
