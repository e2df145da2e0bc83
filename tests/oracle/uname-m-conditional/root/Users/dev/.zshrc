case "$(uname -m)" in
  arm64) export GOARCH=arm64 ;;
  x86_64) export GOARCH=amd64 ;;
esac
