"""The completion model: a small MLP whose input standardization is part of the module.

With no hidden layers the same module is a logistic regression: the baseline. Keeping
the scaling inside means the exported graph takes raw feature rows, as serving has them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

HIDDEN = (32, 16)


class CompletionModel(nn.Module):
    mean: torch.Tensor
    scale: torch.Tensor

    def __init__(self, mean: np.ndarray, std: np.ndarray, hidden: Sequence[int] = HIDDEN) -> None:
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer(
            "scale", torch.as_tensor(1 / np.maximum(std, 1e-6), dtype=torch.float32)
        )
        layers: list[nn.Module] = []
        width = len(mean)
        for size in hidden:
            layers += [nn.Linear(width, size), nn.ReLU()]
            width = size
        layers.append(nn.Linear(width, 1))
        self.net = nn.Sequential(*layers)

    @classmethod
    def fitted_to(cls, X: np.ndarray, hidden: Sequence[int] = HIDDEN) -> CompletionModel:
        """A fresh model whose scaling is ``X``'s column means and standard deviations."""
        return cls(X.mean(axis=0), X.std(axis=0), hidden)

    def reset_parameters(self) -> None:
        """Fresh weights from torch's current random state (seed it first to reproduce)."""
        for layer in self.net:
            if isinstance(layer, nn.Linear):
                layer.reset_parameters()

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        return self.net((x - self.mean) * self.scale).squeeze(-1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.logits(x))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return self(torch.as_tensor(X, dtype=torch.float32)).numpy()
