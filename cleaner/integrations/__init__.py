"""Adapters that run cleaner inside other frameworks (Scrapy, Spark, datatrove).

Each lives in its own module, and nothing else in cleaner imports them, so
importing cleaner never requires Scrapy, PySpark or datatrove.
"""
