// SPDX-License-Identifier: MIT
// eight_points: progress of long work on stderr, by the convention of git and curl: shown only
// when stderr is a terminal, unless --progress asks for it anyway or --no-progress never. At a
// terminal, short runs stay quiet (nothing in the first two seconds), then one line is rewritten
// in place. --progress shows it from the start; where stderr is not a terminal (a log, a pipe)
// it writes a line every ten seconds, so that the log stays readable.
#ifndef TINYNEURON_EXAMPLES_PROGRESS_HPP
#define TINYNEURON_EXAMPLES_PROGRESS_HPP

#include <chrono>  // std::chrono::steady_clock
#include <cstddef> // std::size_t
#include <cstdio>  // std::fprintf, std::FILE, stderr

#ifdef _WIN32
#include <io.h> // _isatty, _fileno
#else
#include <unistd.h> // isatty, fileno
#endif

namespace tinyneuron::examples {

/// --progress, --no-progress, or neither: shown if stderr is a terminal.
enum class ProgressMode { automatic, on, off };

/// True when `stream` is a terminal.
inline bool is_terminal(std::FILE *stream) {
#ifdef _WIN32
    return _isatty(_fileno(stream)) != 0;
#else
    return isatty(fileno(stream)) != 0;
#endif
}

class Progress {
  public:
    using Clock = std::chrono::steady_clock;

    explicit Progress(ProgressMode mode) : Progress(mode, is_terminal(stderr), stderr) {}

    /// Writes to `stream`, a terminal or not as `terminal` says (for the tests).
    Progress(ProgressMode mode, bool terminal, std::FILE *stream, Clock::time_point start = Clock::now())
        : stream_(stream), start_(start), last_(start), terminal_(terminal),
          shown_(mode == ProgressMode::on || (mode == ProgressMode::automatic && terminal)),
          from_start_(mode == ProgressMode::on) {}

    /// Says that `done` of `total` steps of `what` are done, if it is time to say so.
    void report(const char *what, std::size_t done, std::size_t total, Clock::time_point now = Clock::now()) {
        if (!shown_ || (!from_start_ && now - start_ < std::chrono::seconds(2)) ||
            (written_ && now - last_ < (terminal_ ? std::chrono::milliseconds(200) : std::chrono::seconds(10)))) {
            return;
        }
        last_ = now;
        const double percent = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
        std::fprintf(stream_, "%s%s: %zu of %zu (%.0f %%)%s", terminal_ ? "\r\033[K" : "", what, done, total, percent,
                     terminal_ ? "" : "\n");
        written_ = true;
    }

    /// Ends the line rewritten in place, if one was shown, so that what follows starts clean.
    void finish() {
        if (written_ && terminal_) {
            std::fprintf(stream_, "\r\033[K");
        }
    }

  private:
    std::FILE *stream_;
    Clock::time_point start_;
    Clock::time_point last_;
    bool terminal_;
    bool shown_;      // at all
    bool from_start_; // without the two quiet seconds
    bool written_ = false;
};

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_PROGRESS_HPP
