#!/bin/sh
# The verification on Python 3.14 and 3.15, which pyenv here lacks: Debian sid packages both,
# so build a throwaway sid root once (build/sidroot) and run the suite inside it.
#
#   tools/sidroot.sh 3.14            # docs + tests, as nox's verify session (no flipped pages)
#   tools/sidroot.sh 3.15 docs/x.md  # or any pytest arguments instead of the default set
#   SIDROOT_FLIPPED=1 tools/sidroot.sh 3.14   # then the flipped pages too
#   tools/sidroot.sh exec COMMAND...   # any command in the root, in /src (make compat's venvs)
#
# Needs root (chroot and bind mounts); the host's apt sources are never touched. The
# worktree is mounted at /src, so tests run the checked-out files. Each interpreter gets a venv
# in the root (/venvs/<version>) from requirements.lock, rebuilt when the lock changes.
set -eu

version=${1:?usage: tools/sidroot.sh 3.14|3.15 [pytest args] | tools/sidroot.sh exec COMMAND...}
shift
src=$(cd "$(dirname "$0")/.." && pwd)
root=$src/build/sidroot
mirror=${SIDROOT_MIRROR:-http://deb.debian.org/debian}

if [ ! -e "$root/.complete" ]; then
    rm -rf "$root"
    mkdir -p "$src/build"
    # sid's Release file is past its Valid-Until date; apt refuses it without this option.
    mmdebstrap --variant=apt --mode=root --aptopt='Acquire::Check-Valid-Until "false"' \
        --include=python3.14,python3.14-venv,python3.15,python3.15-venv \
        sid "$root" "$mirror"
    touch "$root/.complete"
fi

# The host's CA bundle, pip configuration and local package indexes (find-links and
# file:// indexes under /opt), bound read-only where the same paths point inside the root.
binds=""
for path in /etc/ssl/certs/ca-certificates.crt /etc/pip.conf /etc/xdg/pip \
    "$HOME/.config/pip/pip.conf" /opt/wheels /opt/pypi /opt/pypi-more /etc/resolv.conf; do
    [ -e "$path" ] && binds="$binds $path"
done

# In a mount namespace of its own: the mounts vanish when the command ends, even on failure.
exec unshare --mount --fork sh -eu -c '
    root=$1 src=$2 version=$3 binds=$4
    shift 4
    mount --make-rprivate /
    mkdir -p "$root/src" "$root/root/.config/pip"
    mount --bind "$src" "$root/src"
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    for path in $binds; do
        target=$root/${path#/}
        [ "$path" = "$HOME/.config/pip/pip.conf" ] && target=$root/root/.config/pip/pip.conf
        if [ -d "$path" ]; then mkdir -p "$target"; else mkdir -p "${target%/*}"; touch "$target"; fi
        mount --bind -o ro "$path" "$target"
    done
    exec chroot "$root" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/bin:/bin \
        PIP_CERT=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
        PIP_DISABLE_PIP_VERSION_CHECK=1 \
        PIP_FIND_LINKS="${PIP_FIND_LINKS:-}" PIP_DEFAULT_TIMEOUT="${PIP_DEFAULT_TIMEOUT:-60}" \
        SIDROOT_FLIPPED="${SIDROOT_FLIPPED:-}" \
        sh -eu -c "
        cd /src
        if [ $version = exec ]; then exec \"\$@\"; fi
        venv=/venvs/$version
        lock=\$(cat requirements.lock pyproject.toml | sha256sum)
        if [ \"\$(cat \$venv/.lock 2>/dev/null)\" != \"\$lock\" ]; then
            rm -rf \$venv
            python$version -m venv \$venv
            \$venv/bin/python -m pip install --quiet --require-hashes --requirement requirements.lock
            \$venv/bin/python -m pip install --quiet --no-deps --editable .
            echo \"\$lock\" > \$venv/.lock
        fi
        \$venv/bin/python --version
        flipped=tests/site/test_pages_fail_when_flipped.py
        if [ \$# -gt 0 ]; then
            exec \$venv/bin/pytest \"\$@\"
        fi
        \$venv/bin/pytest docs tests --ignore=tests/browser --ignore=\$flipped
        if [ -n \"\$SIDROOT_FLIPPED\" ]; then
            \$venv/bin/pytest -q -n 2 -p no:randomly \$flipped
        fi
        " sidroot "$@"
' sidroot "$root" "$src" "$version" "$binds" "$@"
