// SPDX-License-Identifier: MIT
// eight_points: the output directory, the files written into it, and gnuplot, which draws each
// picture from its script.
#ifndef TINYNEURON_EXAMPLES_OUTPUT_HPP
#define TINYNEURON_EXAMPLES_OUTPUT_HPP

#include "gnuplot.hpp"

#include <algorithm>    // std::find
#include <cstdio>       // std::printf, std::fprintf, std::fflush, FILE, popen, pclose
#include <cstdlib>      // std::getenv
#include <filesystem>   // std::filesystem
#include <fstream>      // std::ofstream
#include <sstream>      // std::istringstream, PATH split at ':'
#include <stdexcept>    // std::runtime_error
#include <string>       // std::string
#include <system_error> // std::error_code
#include <vector>       // std::vector

namespace tinyneuron::examples {

namespace fs = std::filesystem;

inline void write_file(const fs::path &path, const std::string &text) {
    std::ofstream out(path, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

/// Refuses an output directory that cannot be created or written into, before any training:
/// creates what is missing, writes and removes a probe file, then removes again the directories
/// it made, so that a run that fails later still leaves nothing behind.
inline void check_output_directory(const std::string &dir) {
    std::vector<fs::path> made; // the missing directories, deepest first
    std::error_code error;
    for (fs::path p = fs::absolute(dir); !fs::exists(p, error) && p != p.parent_path(); p = p.parent_path()) {
        made.push_back(p);
    }
    fs::create_directories(dir, error);
    bool writable = false;
    if (!error) {
        const fs::path probe = fs::path(dir) / ".eight_points_probe";
        writable = static_cast<bool>(std::ofstream(probe, std::ios::binary) << "probe");
        fs::remove(probe, error);
    }
    const std::string why = error ? error.message() : "cannot write into it";
    for (const fs::path &p : made) {
        fs::remove(p, error);
    }
    if (!writable) {
        throw std::runtime_error("--out: '" + dir + "' is not a directory this program can use: " + why);
    }
}

/// True if an executable `program` is in a directory of PATH.
inline bool on_path(const std::string &program) {
    const char *path = std::getenv("PATH");
    if (path == nullptr) {
        return false;
    }
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        std::error_code error;
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
        const fs::file_status status = fs::status(candidate, error);
        if (!error && fs::is_regular_file(status) &&
            (status.permissions() & (fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec)) !=
                fs::perms::none) {
            return true;
        }
    }
    return false;
}

/// A gnuplot process that has been given its script and runs on its own.
struct Plotting {
    std::string name;
    FILE *pipe;
    bool fed; // the whole script went in
};

/// Starts a gnuplot process on `script`; wait for it with `finish_gnuplot`. Several can run at
/// once: the pictures take most of the program's time, and gnuplot draws on one core.
inline Plotting start_gnuplot(const std::string &name, const std::string &script) {
    std::fflush(stdout);
#ifdef _WIN32
    FILE *pipe = _popen("gnuplot", "w");
#else
    FILE *pipe = popen("gnuplot", "w");
#endif
    const bool fed = pipe != nullptr && std::fwrite(script.data(), 1, script.size(), pipe) == script.size();
    return Plotting{name, pipe, fed};
}

/// Waits for the process; true if it ran and exited cleanly.
inline bool finish_gnuplot(const Plotting &p) {
    if (p.pipe == nullptr) {
        return false;
    }
#ifdef _WIN32
    const int status = _pclose(p.pipe);
#else
    const int status = pclose(p.pipe);
#endif
    return p.fed && status == 0;
}

/// Feeds `script` to a gnuplot process and waits; true if it ran and exited cleanly.
inline bool run_gnuplot(const std::string &script) { return finish_gnuplot(start_gnuplot("", script)); }

/// Writes each figure's CSV and script into the output directory and, with gnuplot, draws it.
class Outputs {
  public:
    Outputs(const std::string &dir, bool pictures) : dir_(dir), pictures_(pictures) {}
    Outputs(const Outputs &) = delete;
    Outputs &operator=(const Outputs &) = delete;
    ~Outputs() {
        for (const Plotting &p : running_) {
            (void)finish_gnuplot(p); // a run that failed before finish() still waits for them
        }
    }

    void emit(const Figure &figure) {
        if (!figure.skipped.empty()) {
            std::printf("\n%s.png skipped: %s\n", figure.name.c_str(), figure.skipped.c_str());
            return;
        }
        fs::create_directories(dir_);
        write_file(dir_ / (figure.name + ".csv"), csv_text(figure.data));
        write_file(dir_ / (figure.name + ".gp"), figure.script);
        written_.push_back(figure.name);
        if (pictures_) {
            running_.push_back(
                start_gnuplot(figure.name, "cd " + gp_quote(fs::absolute(dir_).string()) + "\n" + figure.script));
        }
    }

    /// Waits for the pictures, lists what was written; the exit status: failure if gnuplot
    /// failed on any picture.
    int finish(bool no_plots) {
        for (const Plotting &p : running_) {
            if (!finish_gnuplot(p)) {
                failed_.push_back(p.name);
            }
        }
        running_.clear();
        std::printf("\nwrote into %s/, with a gnuplot script (.gp) beside each:\n ", dir_.string().c_str());
        for (const std::string &name : written_) {
            std::printf(" %s.csv", name.c_str());
        }
        std::printf("\n");
        if (pictures_ && failed_.size() < written_.size()) {
            std::printf("pictures:\n ");
            for (const std::string &name : written_) {
                if (std::find(failed_.begin(), failed_.end(), name) == failed_.end()) {
                    std::printf(" %s.png", name.c_str());
                }
            }
            std::printf("\n");
        }
        if (!failed_.empty()) {
            std::fprintf(stderr,
                         "eight_points: gnuplot failed on %zu picture(s); its messages "
                         "are above\n",
                         failed_.size());
            return 1;
        }
        if (!no_plots && !pictures_) {
            std::printf("No pictures: gnuplot is not on PATH; install it (Debian: sudo apt-get "
                        "install gnuplot-nox) and run this again, or run the .gp scripts in %s.\n",
                        dir_.string().c_str());
        }
        return 0;
    }

  private:
    fs::path dir_;
    bool pictures_;
    std::vector<std::string> written_;
    std::vector<std::string> failed_;
    std::vector<Plotting> running_;
};

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_OUTPUT_HPP
