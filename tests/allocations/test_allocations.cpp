// SPDX-License-Identifier: MIT
// Counts heap allocations (issues 4 and 21): `train` on a fixed-size neuron allocates the same
// small number of times for 1,000 and for 1,000,000 iterations (its history, reserved once, and,
// for data of dynamic size, one buffer for the products of the error); on fixed-size data
// train_without_history, predict, gradients, update, error and batch_gradients allocate nothing.
//
// Every allocation is counted where it ends up, in malloc: this program replaces the global
// operator new (all its forms, so the standard library's containers are counted even where
// operator new does not call malloc) and, on glibc, malloc itself, which Eigen's
// aligned_malloc calls directly. Sanitizers replace malloc too, so under them the test skips.
// It is its own executable because the replacements are global.
#include <tinyneuron/neuron.hpp>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define TINYNEURON_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TINYNEURON_UNDER_SANITIZER 1
#endif

namespace {
std::size_t operator_news = 0; // calls of any operator new
// Calls of malloc, calloc, realloc and the aligned forms (unused under a sanitizer).
[[maybe_unused]] std::size_t mallocs = 0;
} // namespace

#if defined(__GLIBC__) && !defined(TINYNEURON_UNDER_SANITIZER)
#define TINYNEURON_COUNTS_MALLOC 1
// glibc lets a program define its own malloc family; these forward to glibc's allocator, whose
// entry points have reserved names, and take their own parameter names.
// NOLINTBEGIN(bugprone-reserved-identifier, readability-inconsistent-declaration-parameter-name)
extern "C" {
void *__libc_malloc(std::size_t) noexcept;
void *__libc_calloc(std::size_t, std::size_t) noexcept;
void *__libc_realloc(void *, std::size_t) noexcept;
void *__libc_memalign(std::size_t, std::size_t) noexcept;
void __libc_free(void *) noexcept;

void *malloc(std::size_t size) noexcept {
    ++mallocs;
    return __libc_malloc(size);
}
void *calloc(std::size_t count, std::size_t size) noexcept {
    ++mallocs;
    return __libc_calloc(count, size);
}
void *realloc(void *p, std::size_t size) noexcept {
    ++mallocs;
    return __libc_realloc(p, size);
}
void *memalign(std::size_t alignment, std::size_t size) noexcept {
    ++mallocs;
    return __libc_memalign(alignment, size);
}
void *aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    ++mallocs;
    return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, std::size_t alignment, std::size_t size) noexcept {
    ++mallocs;
    void *p = __libc_memalign(alignment, size);
    if (p == nullptr) {
        return 12; // ENOMEM
    }
    *out = p;
    return 0;
}
void free(void *p) noexcept { __libc_free(p); }
}
// NOLINTEND(bugprone-reserved-identifier, readability-inconsistent-declaration-parameter-name)
#endif

namespace {
void *allocate(std::size_t size, std::size_t alignment) {
    ++operator_news;
    const std::size_t a = alignment < alignof(std::max_align_t) ? alignof(std::max_align_t) : alignment;
    void *p = nullptr;
    if (posix_memalign(&p, a, size == 0 ? 1 : size) != 0) {
        throw std::bad_alloc();
    }
    return p;
}
} // namespace

void *operator new(std::size_t size) { return allocate(size, 0); }
void *operator new[](std::size_t size) { return allocate(size, 0); }
void *operator new(std::size_t size, std::align_val_t a) { return allocate(size, static_cast<std::size_t>(a)); }
void *operator new[](std::size_t size, std::align_val_t a) { return allocate(size, static_cast<std::size_t>(a)); }
void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
    try {
        return allocate(size, 0);
    } catch (...) {
        return nullptr;
    }
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept {
    try {
        return allocate(size, 0);
    } catch (...) {
        return nullptr;
    }
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {
int failures = 0;

/// Heap allocations of any kind since the counters were last read.
struct Counts {
    std::size_t news = 0;
    std::size_t total = 0; // with malloc counted: everything; otherwise operator new only
};

Counts since(const Counts &start) {
#ifdef TINYNEURON_COUNTS_MALLOC
    // operator new allocates through posix_memalign, so each new is in mallocs already.
    return {operator_news - start.news, mallocs - start.total};
#else
    return {operator_news - start.news, operator_news - start.news};
#endif
}

Counts now() {
#ifdef TINYNEURON_COUNTS_MALLOC
    return {operator_news, mallocs};
#else
    return {operator_news, operator_news};
#endif
}

void expect(const char *what, std::size_t got, std::size_t expected) {
    const bool ok = got == expected;
    std::printf("%-62s %3zu allocations, expected %zu%s\n", what, got, expected, ok ? "" : "   FAILED");
    failures += ok ? 0 : 1;
}

/// Heap allocations of one `train` call on the tutorial's 8 points.
template <class Samples, class Targets>
std::size_t train_allocations(const Samples &x, const Targets &t, std::size_t iterations) {
    std::mt19937_64 rng(2026);
    auto neuron = tinyneuron::Neuron<double, 2>::random(2, rng);
    tinyneuron::TrainOptions<double> options;
    options.iterations = iterations;
    const Counts start = now();
    const std::vector<double> history = neuron.train(x, t, options, rng);
    const std::size_t n = since(start).total;
    if (history.size() != (iterations - 1) / options.record_every + 1) {
        std::printf("train returned %zu records for %zu iterations\n", history.size(), iterations);
        ++failures;
    }
    return n;
}

/// Heap allocations of three `train_without_history` calls of 100,000 iterations from a fixed-size neuron: one row, 4
/// rows and all rows a step.
template <int Inputs, class Samples, class Targets>
std::size_t train_without_history_allocations(const Samples &x, const Targets &t, tinyneuron::Loss loss) {
    std::mt19937_64 rng(2026);
    auto neuron = tinyneuron::Neuron<double, Inputs>::random(rng);
    tinyneuron::TrainOptions<double> options;
    options.iterations = 100000;
    options.loss = loss;
    options.l2 = 0.001;
    std::size_t records = 0;
    const Counts start = now();
    for (const std::size_t batch_size : {std::size_t{1}, std::size_t{4}, std::size_t{0}}) {
        options.batch_size = batch_size;
        neuron.train_without_history(x, t, options, rng, [&](std::size_t, double) { ++records; });
    }
    const std::size_t n = since(start).total;
    if (records != 3000) {
        std::printf("train_without_history made %zu records of 3 x 100,000 iterations, expected 3,000\n", records);
        ++failures;
    }
    return n;
}

/// Heap allocations of one `fit` (cross-entropy, from the zero neuron) of at most `steps` steps.
template <int Inputs, class Samples, class Targets>
std::size_t fit_allocations(const Samples &x, const Targets &t, std::size_t steps) {
    tinyneuron::Neuron<double, Inputs> neuron(Eigen::Matrix<double, Inputs, 1>::Zero(x.cols()), 0.0);
    tinyneuron::FitOptions<double> options;
    options.max_iterations = steps;
    const Counts start = now();
    const tinyneuron::FitResult<double> result = neuron.fit(x, t, options);
    const std::size_t n = since(start).total;
    if (result.iterations != (steps < 5 ? steps : 5)) {
        std::printf("fit took %zu steps, expected %zu\n", result.iterations, steps < 5 ? steps : 5);
        ++failures;
    }
    return n;
}
} // namespace

int main() {
#ifdef TINYNEURON_UNDER_SANITIZER
    std::puts("skipped: a sanitizer replaces malloc and operator new");
    return 77;
#endif
#ifndef TINYNEURON_COUNTS_MALLOC
    std::puts("note: not glibc, so only operator new is counted (not Eigen's malloc)");
#endif
    Eigen::Matrix<double, 8, 2> x;
    x << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> t;
    t << 0, 1, 0, 1, 0, 1, 1, 0;
    const Eigen::MatrixXd x_dynamic = x;
    const Eigen::VectorXd t_dynamic = t;

    // One for the history (reserved once); for data of dynamic size one more, for the error's products.
    expect("train, 1,000 iterations, fixed-size data", train_allocations(x, t, 1000), 1);
    expect("train, 1,000,000 iterations, fixed-size data", train_allocations(x, t, 1000000), 1);
    expect("train, 1,000,000 iterations, MatrixXd data", train_allocations(x_dynamic, t_dynamic, 1000000), 2);

    // Without the history, nothing: one row, 4 rows or all rows a step, either loss, two columns (their own
    // loop) or three (Eigen's product, into a buffer on the stack).
    Eigen::Matrix<double, 8, 3> x3;
    x3 << x, x.col(0) - x.col(1);
    const auto squared = tinyneuron::Loss::squared_error;
    const auto cross = tinyneuron::Loss::cross_entropy;
    expect("train_without_history, squared error, 2 columns", train_without_history_allocations<2>(x, t, squared), 0);
    expect("train_without_history, cross-entropy, 2 columns", train_without_history_allocations<2>(x, t, cross), 0);
    expect("train_without_history, squared error, 3 columns", train_without_history_allocations<3>(x3, t, squared), 0);
    expect("train_without_history, cross-entropy, 3 columns", train_without_history_allocations<3>(x3, t, cross), 0);

    // fit allocates its buffers once, whatever the number of steps (5 to the optimum here): for a
    // fixed size the products, the curvatures and C·X (the Hessian is on the stack), and, once a
    // fit (l2 = 0 here), the aliasing check's stacked QR and flags, the flags reported and the
    // margins of the last step's check for a direction of no minimum: 16; for a dynamic size also
    // θ's gradient, Hessian, the solver's matrices and each trial's weights.
    expect("fit, 1 step, fixed size", fit_allocations<2>(x, t, 1), 16);
    expect("fit, to the optimum (5 steps), fixed size", fit_allocations<2>(x, t, 100), 16);
    expect("fit, to the optimum (5 steps), dynamic size", fit_allocations<Eigen::Dynamic>(x_dynamic, t_dynamic, 100),
           fit_allocations<Eigen::Dynamic>(x_dynamic, t_dynamic, 1));

    std::mt19937_64 rng(7);
    auto neuron = tinyneuron::Neuron<double, 2>::random(2, rng);
    const auto three = tinyneuron::Neuron<double, 3>::random(rng);
    const Counts start = now();
    double sink = 0.0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        sink += neuron.predict(x.row(i).transpose());
        const auto g = neuron.gradients(x.row(i).transpose(), t(i));
        neuron.update(g, 0.01);
    }
    sink += neuron.error(x, t) + three.error(x3, t, tinyneuron::Loss::cross_entropy);
    sink += neuron.batch_gradients(x, t).bias + three.batch_gradients(x3, t).bias;
    expect("predict, gradients, update, error, batch_gradients on 8 samples, fixed size", since(start).total, 0);

    // The counter sees allocations at all: a vector of one element allocates once.
    const Counts probe = now();
    std::vector<double> one(1, sink);
    expect("a std::vector<double> of one element (the counter works)", since(probe).total, 1);
    return failures == 0 ? 0 : 1;
}
