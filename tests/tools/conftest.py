"""The maintainers' scripts under ``tools/`` are imported from the checkout, not installed.

Only the ``tools`` namespace is registered: putting the checkout itself on ``sys.path`` made
later in-process pytest runs of the same worker (the config fences' probes) fail with
"Module already imported so cannot be rewritten; mdpytest".
"""

import sys
import types
from pathlib import Path

tools = types.ModuleType("tools")
tools.__path__ = [str(Path(__file__).resolve().parents[2] / "tools")]
sys.modules.setdefault("tools", tools)
