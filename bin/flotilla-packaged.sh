#!/bin/sh
# `flotilla` in the packaged app (resources/bin/flotilla): the app's own binary runs the CLI as
# Node. Link it onto your PATH: ln -s "<app>/resources/bin/flotilla" ~/.local/bin/flotilla
self=$(readlink -f "$0")
resources=$(dirname "$(dirname "$self")")
case "$(uname)" in
  Darwin) app="$resources/../MacOS/Flotilla" ;;
  *) app="$resources/../flotilla" ;;
esac
ELECTRON_RUN_AS_NODE=1 exec "$app" "$resources/app.asar/out/main/flotilla.js" "$@"
