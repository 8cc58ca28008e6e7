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

# Builds the demo site end to end with the embedded defaults: fictional FEC files in the
# official layout, ingested into .spotlight/warehouse. Page rendering arrives with issue 4;
# until then this runs the stages that exist and says so.
DEMO := .spotlight/demo
site: spotlight
	@$(SPOTLIGHT) doctor
	$(SPOTLIGHT) sample --out $(DEMO)/fec --seed 1 --scale demo
	$(SPOTLIGHT) ingest fec --cycle 2024 --dir $(DEMO)/fec
	@echo "site: demo data ingested; page rendering (issue 4) is not built yet, so nothing is written to public/"

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
