"""api's AI routes: embeddings, recommendations, personality, chat and its conversations."""

from fastapi import APIRouter

from atrium.api.routes.ai import chat, conversations, embeddings, personality, recommendations

router = APIRouter()
router.include_router(embeddings.router)
router.include_router(chat.router)
router.include_router(conversations.router)
router.include_router(personality.router)
router.include_router(recommendations.router)
