// SPDX-License-Identifier: MIT
// eight_points: progress of long work on stderr. Short runs stay quiet: nothing is shown in the
// first two seconds. After that a terminal sees one line rewritten in place, anything else (a
// log, a pipe) a line every ten seconds, so that it stays readable.
#ifndef TINYNEURON_EXAMPLES_PROGRESS_HPP
#define TINYNEURON_EXAMPLES_PROGRESS_HPP

#include <chrono>  // std::chrono::steady_clock
#include <cstddef> // std::size_t
#include <cstdio>  // std::fprintf, stderr
#include <string>  // std::string

#ifdef _WIN32
#include <io.h> // _isatty, _fileno
#else
#include <unistd.h> // isatty, fileno
#endif

namespace tinyneuron::examples {

class Progress {
  public:
    using Clock = std::chrono::steady_clock;

    Progress()
        : start_(Clock::now()), last_(start_),
#ifdef _WIN32
          terminal_(_isatty(_fileno(stderr)) != 0)
#else
          terminal_(isatty(fileno(stderr)) != 0)
#endif
    {
    }

    /// Says that `done` of `total` steps of `what` are done, if it is time to say so.
    void report(const char *what, std::size_t done, std::size_t total) {
        const Clock::time_point now = Clock::now();
        if (now - start_ < std::chrono::seconds(2) ||
            (shown_ && now - last_ < (terminal_ ? std::chrono::milliseconds(200) : std::chrono::seconds(10)))) {
            return;
        }
        last_ = now;
        const double percent = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
        std::fprintf(stderr, "%s%s: %zu of %zu (%.0f %%)%s", terminal_ ? "\r\033[K" : "", what, done, total, percent,
                     terminal_ ? "" : "\n");
        shown_ = true;
    }

    /// Ends the line rewritten in place, if one was shown, so that what follows starts clean.
    void finish() {
        if (shown_ && terminal_) {
            std::fprintf(stderr, "\r\033[K");
        }
    }

  private:
    Clock::time_point start_;
    Clock::time_point last_;
    bool terminal_;
    bool shown_ = false;
};

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_PROGRESS_HPP
