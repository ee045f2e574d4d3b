"""api's AI features: embeddings, vector stores, recommender, personality and LLM chat."""
