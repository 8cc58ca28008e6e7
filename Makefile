# The two commands a newcomer runs: `make site` and `make test`. Both install what they need.
SWIFT ?= swift
SPOTLIGHT := .build/release/spotlight

.PHONY: setup setup-test setup-bench spotlight site serve test fuzz bench bench-job doctor clean

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

setup-bench:
	@scripts/setup.sh --bench

spotlight: setup
	$(SWIFT) build -c release --product spotlight

# Builds the demo site end to end with the embedded defaults: fictional FEC files in the
# official layout → .spotlight/warehouse → public/. `make serve` previews it.
site: spotlight
	@$(SPOTLIGHT) doctor
	$(SPOTLIGHT) build

serve: spotlight
	$(SPOTLIGHT) serve --port 8080

test: setup-test
	$(SWIFT) build --build-tests
	$(SWIFT) test

# The fuzz suites again under AddressSanitizer, with more mutations (FUZZ_RUNS per seed): the
# parsers and decoders that run in-process without chDB (chDB's RTLD_DEEPBIND load and the
# sanitizer runtime cannot share a process). A longer run: `make fuzz FUZZ_RUNS=100000`.
FUZZ_RUNS ?= 2000
fuzz: setup-test
	$(SWIFT) build --build-tests -Xswiftc -sanitize=address -Xcc -fsanitize=address --scratch-path .build/asan
	SPOTLIGHT_FUZZ_RUNS=$(FUZZ_RUNS) ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 $(SWIFT) test --skip-build --scratch-path .build/asan \
		--filter 'ParserFuzzTests|TemplateFuzzTests|DecoderFuzzTests'

# Benchmarks live in the repo and write their figures to BENCHMARKS.md.
bench: setup-bench
	$(SWIFT) build -c release --product spotlight-bench
	.build/release/spotlight-bench

# The job alone: the real-sample site built clean, rebuilt unchanged and after a 1% change, and the cycle-scale site.
bench-job: setup-bench spotlight
	$(SWIFT) build -c release --product spotlight-bench
	.build/release/spotlight-bench job

doctor: spotlight
	$(SPOTLIGHT) doctor

clean:
	rm -rf .build public public.partial public.old .spotlight
