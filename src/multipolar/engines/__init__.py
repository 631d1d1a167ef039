"""Where coding runs: `local` (this machine; `multipolar.coding.code_store`) or `ray` (a Ray
cluster; `ray_engine.code_store_ray`). Both run `multipolar.coding.code_batch` on the same
batches and write the same store layout, so they give the same rows."""

ENGINES = ("local", "ray")
