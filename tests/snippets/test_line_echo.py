"""Tests of snippets.line_echo, the handler behind the pages' local TCP servers."""

import asyncio

from snippets.line_echo import echo_lines


async def test_lines_come_back_and_the_server_closes_when_the_client_does():
    server = await asyncio.start_server(echo_lines, "127.0.0.1", 0)
    async with server:
        reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
        writer.write(b"one\ntwo\n")
        await writer.drain()
        assert [await reader.readline(), await reader.readline()] == [b"one\n", b"two\n"]
        writer.write_eof()
        assert await reader.read() == b""  # the handler closed its side
        writer.close()
        await writer.wait_closed()
