# Sourced by the deploy scripts: the Maven to build with. A Maven on the PATH if there is one,
# otherwise the project's wrapper, which fetches Maven 3.8.7 from Maven Central on first use.
if command -v mvn >/dev/null 2>&1; then
  mvn_bin=mvn
else
  mvn_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/mvnw"
fi
