#!/bin/sh
# stage-ffmpeg.sh STAGE PRESENT: copies ffmpeg, ffprobe and the shared libraries they load (their
# ldd closure) under STAGE, leaving out those listed in PRESENT (the runtime base has them).
# Debian's ffmpeg package also pulls in Mesa, LLVM, SDL and X11 through dependencies of libraries
# the two binaries never load; the runtime image takes only this closure. Each library is copied
# as a plain file under the name the loader asks for (following links such as BLAS's
# alternatives), in its real directory (/lib is a link to /usr/lib in Debian 12).
set -eu
stage=$1
present=$2
mkdir -p "$stage/usr/bin"
cp /usr/bin/ffmpeg /usr/bin/ffprobe "$stage/usr/bin/"
ldd /usr/bin/ffmpeg /usr/bin/ffprobe |
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u |
    while read -r library; do
        directory=$(readlink -f "$(dirname "$library")")
        name=$(basename "$library")
        if grep -qxF "$directory/$name" "$present"; then
            continue
        fi
        mkdir -p "$stage$directory"
        cp -L "$library" "$stage$directory/$name"
    done
