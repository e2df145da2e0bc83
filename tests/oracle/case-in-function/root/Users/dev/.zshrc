eval "$(/opt/homebrew/bin/brew shellenv)"
go_for() {
  case $1 in
    work) export GOPRIVATE="*.corp.example.com" GOPROXY=https://athens.corp.example.com ;;
    home) export GOPRIVATE="" ;;
    *) return 1 ;;
  esac
}
go_for work
