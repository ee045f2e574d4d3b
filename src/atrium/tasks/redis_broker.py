"""Redis as the broker, with the leases the embedded broker has.

kombu's Redis transport keeps a delivered message in an "unacked" index scored by the
time it was taken; every worker's periodic sweep hands back the messages older than
``visibility_timeout``. Alone, that makes one setting do two opposite jobs: a short
timeout redelivers a task still running, a long one leaves a killed worker's task
waiting (at 30 minutes it did). Here the worker that holds a message moves its score
forward at every sweep, so a running task is never handed out twice, and a worker killed
with SIGKILL stops renewing: its tasks go back to the queue ``visibility_timeout`` after
their last renewal, at the next sweep of any live worker.

``broker.register()`` makes ``redis://`` and ``rediss://`` broker URLs use this transport.
"""

from __future__ import annotations

import time
from typing import Any

from kombu.transport import redis


class QoS(redis.QoS):
    channel: Channel

    def restore_visible(self, start: int = 0, num: int = 10, interval: int = 10) -> Any:
        transport = self.channel.connection
        if transport is None or transport.client is None:
            # The connection closed under a reconnect (Redis restarted): this channel is
            # gone, and the new one sweeps. Touching it would raise and end the worker.
            return None
        self.renew_leases()
        return super().restore_visible(start, num, interval)

    def renew_leases(self) -> None:
        """Mark the messages this consumer still holds as taken now (only those still
        in the index: one already restored or acked is left alone)."""
        settled = self._dirty or set()
        held = [tag for tag in self._delivered or () if tag not in settled]
        if not held:
            return
        now = time.time()
        with self.channel.conn_or_acquire() as client:
            client.zadd(self.unacked_index_key, dict.fromkeys(held, now), xx=True)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel


def transport_options(visibility_timeout_s: float) -> dict[str, Any]:
    """Sweep (renew and restore) every third of a timeout: a killed worker's task is
    handed on at most four thirds of ``visibility_timeout_s`` after its death."""
    return {
        "visibility_timeout": visibility_timeout_s,
        "unacked_restore_interval": max(1.0, visibility_timeout_s / 3),
        "unacked_restore_throttle": 1,
    }
