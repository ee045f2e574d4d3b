"""What every connector shares: the resilient client, its cache, breaker and rate limits."""
