# Sourced by the benchmark scripts: the policylsp executable they measure.
#   policylsp_bin DIR   prints $POLICYLSP_BIN when it is set (e.g. the NativeAOT build), else publishes the ReadyToRun
#                       build into DIR/server and prints its executable. Progress goes to stderr.
policylsp_bin() {
  if [ -n "${POLICYLSP_BIN:-}" ]; then
    echo "$POLICYLSP_BIN"
    return
  fi
  echo "== dotnet publish src/PolicyLsp -c Release (ReadyToRun) -o $1/server" >&2
  dotnet publish src/PolicyLsp -c Release -o "$1/server" -nologo -v q >&2
  echo "$1/server/policylsp"
}
