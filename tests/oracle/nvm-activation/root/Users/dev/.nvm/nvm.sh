# stand-in for nvm.sh: defines nvm and puts the default node on PATH
nvm() { echo "nvm $*"; }
NVM_BIN="$NVM_DIR/versions/node/v22.11.0/bin"
export NVM_BIN
PATH="$NVM_BIN:$PATH"
export PATH
