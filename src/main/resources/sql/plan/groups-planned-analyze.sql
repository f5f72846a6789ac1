-- an incremental run's few rows are hash-joined: indexes would only cost their catalog work
analyze p_group
