# The two commands a newcomer runs: `make site` and `make test`. Both install what they need.
SWIFT ?= swift
SPOTLIGHT := .build/release/spotlight

.PHONY: setup setup-test spotlight site test bench doctor clean

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

spotlight: setup
	$(SWIFT) build -c release --product spotlight

# Builds the demo site end to end with the embedded defaults. Until the sample generator,
# ingest and renderer land (issues 3 and 4) it runs the stages that exist and says so.
site: spotlight
	@$(SPOTLIGHT) doctor
	@echo "warehouse: ClickHouse $$($(SPOTLIGHT) sql --format tsv 'SELECT version() AS v' | tail -n 1) (embedded chDB)"
	@echo "site: sample data, ingest and page rendering are not built yet (issues 3-4); nothing written to public/"

test: setup-test
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Benchmarks live in the repo and write their figures to BENCHMARKS.md.
bench: setup-test
	$(SWIFT) build -c release --product spotlight-bench
	.build/release/spotlight-bench

doctor: spotlight
	$(SPOTLIGHT) doctor

clean:
	rm -rf .build public/* .spotlight
