"""tools.compat.environments: what each environment asks the resolver for, and what it changed."""

import pytest

from tools.compat import environments


def test_the_pins_replace_the_projects_ranges_and_the_rest_lose_theirs():
    text = environments.requirements_in(
        ["pytest>=9,<10", "sqlalchemy[asyncio]>=2.1", "httpx>=0.28"], {"pytest": "8.4.2", "SQLAlchemy": "2.0.58"}
    )
    assert text.splitlines() == ["pytest==8.4.2", "sqlalchemy[asyncio]==2.0.58", "httpx"]


def test_a_pin_the_project_does_not_name_is_added():
    assert environments.requirements_in(["pytest>=9"], {"pluggy": "1.5.0"}).splitlines() == ["pytest", "pluggy==1.5.0"]


def test_changed_lists_what_differs_from_the_baseline():
    resolved = environments.pins_of(
        "pytest==8.4.2 \\\n    --hash=sha256:x\nhttpx==0.28.1\ncffi==2.1.1 ; os_name == 'nt'\nnew==1.0\n"
    )
    assert resolved == {"pytest": "8.4.2", "httpx": "0.28.1", "cffi": "2.1.1", "new": "1.0"}
    baseline = {"pytest": "9.2.0", "httpx": "0.28.1", "cffi": "2.1.1"}
    assert environments.changed(resolved, baseline) == {"new": "1.0", "pytest": "8.4.2"}


def test_the_environments_file_loads_with_the_baseline_first():
    found = environments.load(environments.ROOT / "compat" / "environments.toml")
    assert found[0].axis is None
    assert all(env.axis is not None for env in found[1:])
    by_id = {env.id: env for env in found}
    assert by_id["pytest-asyncio-0.24"].label == "pytest-asyncio 0.24"
    assert by_id["python-3.14"].in_sidroot and not by_id["python-3.13"].in_sidroot


def test_an_environment_must_pin_its_axis(tmp_path):
    file = tmp_path / "environments.toml"
    file.write_text(
        '[baseline]\nid = "lock"\npython = "3.11"\n\n[[environment]]\nid = "x"\naxis = "httpx"\npins = { pytest = "8.4.2" }\n'
    )
    with pytest.raises(ValueError, match="do not set the axis 'httpx'"):
        environments.load(file)
