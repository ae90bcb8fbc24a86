#!/usr/bin/env bash
# Retrains Palisade's PII name finder and regenerates its gazetteers from synthetic data
# (Datafaker, fixed seed; see detectors/PII.md). Output: detectors/src/main/resources/dev/palisade/detectors/pii/
# Usage (from the repository root): detectors/train-ner.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -pl detectors -am test-compile
mvn -q -o -pl detectors -am dependency:build-classpath -Dmdep.outputFile=target/ner-classpath.txt -Dmdep.includeScope=test
CP="detectors/target/test-classes:detectors/target/classes:core/target/classes:$(cat detectors/target/ner-classpath.txt)"
java -Xmx3g -cp "$CP" dev.palisade.detectors.pii.NerTrainer detectors/src/main/resources/dev/palisade/detectors/pii
