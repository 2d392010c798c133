"""StockX public API v2: the one HTTP client, the stored connection and its settings page."""
