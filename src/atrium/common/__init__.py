"""What both services use: health reports, cache, logging, service addresses."""
