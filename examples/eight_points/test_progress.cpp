// SPDX-License-Identifier: MIT
// The eight_points demo's progress (progress.hpp beside this file), on a clock the tests move:
// by default shown only on a terminal, and there only after two quiet seconds; --progress shows
// it from the start wherever stderr goes; --no-progress never. No test waits or reads the time.
#include "catch_compat.hpp"

#include "progress.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

using tinyneuron::examples::Progress;
using tinyneuron::examples::ProgressMode;

namespace {

using Clock = Progress::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

/// A temporary file standing in for stderr, and what was written to it.
class Captured {
  public:
    Captured() : file_(std::tmpfile(), &std::fclose) { REQUIRE(file_ != nullptr); }
    std::FILE *stream() const { return file_.get(); }
    std::string text() const {
        std::fflush(file_.get());
        std::rewind(file_.get());
        std::string text;
        for (int c = std::fgetc(file_.get()); c != EOF; c = std::fgetc(file_.get())) {
            text += static_cast<char>(c);
        }
        return text;
    }

  private:
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file_;
};

/// What a Progress writes when reported to at each of `times` after its start, then finished.
std::string shown(ProgressMode mode, bool terminal, std::initializer_list<Clock::duration> times) {
    const Captured captured;
    const Clock::time_point start{};
    Progress progress(mode, terminal, captured.stream(), start);
    std::size_t done = 0;
    for (const Clock::duration t : times) {
        progress.report("training", ++done, 10, start + t);
    }
    progress.finish();
    return captured.text();
}

} // namespace

TEST_CASE("by default no progress is shown where stderr is not a terminal, however long the run", "[progress]") {
    CHECK(shown(ProgressMode::automatic, false, {seconds(0), seconds(3), seconds(60), seconds(3600)}).empty());
}

TEST_CASE("at a terminal, progress is one line rewritten in place after two quiet seconds", "[progress]") {
    CHECK(shown(ProgressMode::automatic, true, {milliseconds(500), milliseconds(1999)}).empty());
    CHECK(shown(ProgressMode::automatic, true, {seconds(1), seconds(2), milliseconds(2100), seconds(3)}) ==
          "\r\033[Ktraining: 2 of 10 (20 %)\r\033[Ktraining: 4 of 10 (40 %)\r\033[K");
}

TEST_CASE("with --progress it is shown from the start, a line every ten seconds where stderr is not a terminal",
          "[progress]") {
    CHECK(shown(ProgressMode::on, false, {seconds(0), seconds(5), seconds(10), seconds(11)}) ==
          "training: 1 of 10 (10 %)\ntraining: 3 of 10 (30 %)\n");
    CHECK(shown(ProgressMode::on, true, {seconds(0)}) == "\r\033[Ktraining: 1 of 10 (10 %)\r\033[K");
}

TEST_CASE("with --no-progress nothing is shown, even at a terminal", "[progress]") {
    CHECK(shown(ProgressMode::off, true, {seconds(0), seconds(3), seconds(60)}).empty());
}
