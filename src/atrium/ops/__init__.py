"""Operations on a running installation: backups of both databases and their restore."""
