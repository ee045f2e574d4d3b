"""Helpers the test layers share: real servers, subprocesses and free ports."""
