"""Relève's ETL: published figures -> validated tidy tables -> Parquet store."""
