#!/bin/sh
# The shell make runs each recipe with (SHELL in the Makefile). GNU make exits 2 whenever a
# recipe fails; a recipe that exits 130 (mesh interrupted by Ctrl-C or SIGTERM) interrupts make
# too, so whoever called make sees 130, not 2. Under ./mesh-make (MESH_MAKE_EXIT_FILE set), the
# first failed recipe's own code (mesh's 1, 2 or 130) is written there, for mesh-make to exit with.
/bin/sh "$@"
code=$?
if [ "$code" -ne 0 ] && [ -n "${MESH_MAKE_EXIT_FILE:-}" ] && [ ! -s "$MESH_MAKE_EXIT_FILE" ]; then
  echo "$code" >"$MESH_MAKE_EXIT_FILE"
fi
if [ "$code" -eq 130 ]; then
  # Interrupt make while this recipe is still running, so make handles it as an interrupt
  # (and re-raises it) rather than as a failed recipe.
  kill -INT "$PPID"
  sleep 2
fi
exit "$code"
