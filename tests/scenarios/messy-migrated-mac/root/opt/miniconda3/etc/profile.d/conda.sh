# Scenario stand-in for conda.sh: defines the conda shell function, changes no Go variable.
export CONDA_EXE='/opt/miniconda3/bin/conda'
export CONDA_PYTHON_EXE='/opt/miniconda3/bin/python'
conda() {
    "$CONDA_EXE" "$@"
}
