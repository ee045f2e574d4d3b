import pytest

from atrium.core.accounts.email_config import BACKENDS, email_config


def test_defaults_print_in_dev_and_send_in_production() -> None:
    assert email_config(None, prod=False).backend == BACKENDS["console"]
    assert email_config(None, prod=True).backend == BACKENDS["smtp"]


def test_smtp_urls() -> None:
    tls = email_config("smtp+tls://ann%40example.com:p%2Fw@mail.example.com", prod=True)
    assert (tls.host, tls.port, tls.user, tls.password) == (
        "mail.example.com",
        587,
        "ann@example.com",
        "p/w",
    )
    assert (tls.use_tls, tls.use_ssl) == (True, False)
    ssl = email_config("smtps://mail.example.com", prod=True)
    assert (ssl.port, ssl.use_ssl) == (465, True)
    assert email_config("smtp://relay:2525", prod=True).port == 2525


def test_other_backends_and_nonsense() -> None:
    assert email_config("file:///srv/mail", prod=False).file_path == "/srv/mail"
    assert email_config("locmem://", prod=False).backend == BACKENDS["locmem"]
    with pytest.raises(ValueError, match="scheme"):
        email_config("carrier-pigeon://coop", prod=False)
