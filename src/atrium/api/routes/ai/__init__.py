"""api's AI routes: embeddings, recommendations, personality, chat and its conversations.

The app includes each router itself (see ``atrium.api.routes.integrations.include``).
"""

from fastapi import APIRouter

from atrium.api.routes.ai import chat, conversations, embeddings, personality, recommendations

ROUTERS: tuple[APIRouter, ...] = tuple(
    module.router for module in (embeddings, chat, conversations, personality, recommendations)
)
