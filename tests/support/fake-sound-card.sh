#!/bin/sh
# Run a program in a private mount namespace whose /proc shows one ALSA sound card.
# daisy-player refuses to start on a machine without a sound card (it reads
# /proc/asound/cards first), and CI machines have none; it plays nothing in the test
# (audio goes to libao's null device), it only has to open the book.
# Usage (as root): unshare -m fake-sound-card.sh SCRATCH_DIR PROGRAM [ARGS...]
set -eu
scratch=$1
shift
mkdir -p "$scratch/proc"
mount -t tmpfs none "$scratch/proc"
mkdir -p "$scratch/proc/asound"
printf ' 0 [Dummy          ]: Dummy - Dummy\n                      Dummy 1\n' > "$scratch/proc/asound/cards"
mount --bind "$scratch/proc" /proc
exec "$@"
