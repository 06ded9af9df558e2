"""The Python guide's example works as the guide says, against a real server on 127.0.0.1."""


def test_the_example_streams_into_a_real_session_until_the_customer_ends_it(sightline, server):
    import quickstart

    _, code = server.start_session()
    config = sightline.SessionConfig(server_url=server.url, code=code, loopback_only=True)
    assert quickstart.join_and_stream(config, frames=10).is_customer_ended()


def test_the_example_hands_back_the_reason_a_code_is_refused(sightline, server):
    import quickstart

    config = sightline.SessionConfig(server_url=server.url, code="123456789", loopback_only=True)
    assert quickstart.join_and_stream(config, frames=10).is_invalid_code()
