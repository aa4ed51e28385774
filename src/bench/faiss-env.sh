# Sourced by the vs-faiss*.sh scripts, from the repository root: the virtual environment
# target/faiss-venv with faiss-cpu 1.15.1 and numpy from the Python registry (created on first use),
# the operators module's test classes and their class path in $cp, and one OpenMP/BLAS thread for
# Faiss, as the Java benchmarks are single-threaded.
venv="target/faiss-venv"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import faiss, numpy' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet faiss-cpu==1.15.1 numpy
fi
mvn -B -q -pl operators -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
    -Dmdep.includeScope=test
cp="operators/target/test-classes:operators/target/classes:$(cat operators/target/cp.txt)"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
