"""The engine that runs notebooks: warm kernels (kernels, kernel_state), the papermill engine on
them (warm), one render in a worker (worker), the kernel started before planning (early), the dask
plugin, the page export (export) and the sweep of what killed runs left (tidy). The notebooks' API
(analysis.render.api) never imports it."""
