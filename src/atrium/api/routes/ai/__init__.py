"""api's AI routes: embeddings, recommendations, personality and chat."""

from fastapi import APIRouter

from atrium.api.routes.ai import chat, embeddings, personality, recommendations

router = APIRouter()
router.include_router(embeddings.router)
router.include_router(chat.router)
router.include_router(personality.router)
router.include_router(recommendations.router)
