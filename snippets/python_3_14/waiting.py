"""A request that waits for a reply nobody sends: the shape of a test that hangs.

Run as a program (`python -m snippets.python_3_14.waiting`) it starts one such request,
prints `ready` once the request waits, and then waits forever, for `python -m asyncio ps`
to look at.
"""

import asyncio


# --8<-- [start:waiting]
async def wait_for_reply(replies: asyncio.Queue[str]) -> str:
    return await replies.get()


async def fetch(replies: asyncio.Queue[str]) -> str:
    return await wait_for_reply(replies)


# --8<-- [end:waiting]


async def main() -> None:
    replies: asyncio.Queue[str] = asyncio.Queue()
    request = asyncio.create_task(fetch(replies), name="fetch")
    await asyncio.sleep(0)  # one loop iteration: the request now waits in replies.get()
    print("ready", flush=True)
    await request


if __name__ == "__main__":
    asyncio.run(main())
