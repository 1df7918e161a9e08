"""What another stage (brief, the commands) uses of rendering, besides the notebooks' API
(analysis.render.api: paths, slices, agencies, params): the run options and exit status every
rendering command shares, running jobs on a pool of workers, run keys (what changed since the
last run), the summary line and the index page. The rest of render is its own business
(`.importlinter` keeps brief to these two)."""

from analysis.render.batch import add_run_options, execute, exit_status
from analysis.render.index_page import write as write_index
from analysis.render.manifest import CODE, code_hash, data_hashes, run_key
from analysis.render.summary import line as summary_line

__all__ = ["CODE", "add_run_options", "code_hash", "data_hashes", "execute", "exit_status",
           "run_key", "summary_line", "write_index"]
