"""Edge cases of `snippets.parallel.ports` that the parallel page does not show."""

import asyncio

from snippets.parallel.ports import database_name, port_of, start_echo_server, worker_name


def test_worker_name_reads_the_xdist_variable(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    assert worker_name() == "gw7"

    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert worker_name() == "master"


def test_database_names_differ_per_worker():
    assert database_name("app", "gw0") != database_name("app", "gw1")


async def test_two_servers_get_different_ports():
    async with await start_echo_server() as first, await start_echo_server() as second:
        assert port_of(first) != port_of(second)


async def test_echo_server_answers_several_lines():
    async with await start_echo_server() as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port_of(server))
        writer.write(b"one\ntwo\n")
        writer.write_eof()

        assert await reader.read() == b"one\ntwo\n"
        writer.close()
        await writer.wait_closed()
