"""LLM chat through each vendor's REST wire format, with retries and a fallback chain."""

from atrium.ai.llm.base import (
    AllProvidersFailedError,
    ChatRequest,
    Completion,
    Message,
    ProviderError,
    StreamInterruptedError,
    Usage,
)
from atrium.ai.llm.chain import FallbackChain, configured_chain

__all__ = [
    "AllProvidersFailedError",
    "ChatRequest",
    "Completion",
    "FallbackChain",
    "Message",
    "ProviderError",
    "StreamInterruptedError",
    "Usage",
    "configured_chain",
]
