"""Apache Airflow DAG: a nightly incremental effnet-spark run (see README, "Nightly runs").

Every night, classify the images under INPUT that are new or changed since earlier nights (``--incremental``:
files already predicted by the same model, same path, size and modification time, are skipped) into OUTPUT's
partition ``run_date={{ ds }}``. ``--mode overwrite`` with ``--run-date`` replaces only that date's partition
(dynamic partition overwrite), so a retry or a manual re-run of a night ("Clear" in the UI) gives the same rows,
never duplicates. ``_run.json`` and ``_report.html`` are written beside the output.

The task's exit code is the job's: 0 ok, 1 failure, 2 bad configuration, 3 input missing, 4 bad model,
5 output exists, 6 too many per-file errors (output written). Any non-zero code fails the task.

Copy this file into the DAGs folder and edit the constants below. Runs must not overlap on one output
(max_active_runs=1): two incremental runs at once could both predict the same new files.
"""
from datetime import datetime, timedelta

from airflow import DAG

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

EFFNET_HOME = "/opt/effnet-spark"
INPUT = "s3a://my-bucket/images/"
OUTPUT = "s3a://my-bucket/predictions/"
SPARK_ARGS = "--master yarn --deploy-mode client --num-executors 10 --executor-cores 4"
# Jinja templates, rendered by Airflow: {{ ds }} is the run's logical date (YYYY-MM-DD).
JOB_ARGS = (
    "--incremental --run-date {{ ds }} --mode overwrite --report --max-error-fraction 0.01"
    " --run-id nightly-{{ ds_nodash }}-try{{ ti.try_number }}"
)

with DAG(
    dag_id="effnet_spark_nightly",
    description="Classify new images with effnet-spark, one run_date partition per night",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=15)},
    tags=["effnet-spark"],
) as dag:
    BashOperator(
        task_id="classify_new_images",
        # The trailing space stops Airflow from reading a command that ends in ".sh" as a template file name.
        bash_command=(
            f"{EFFNET_HOME}/jobs/submit.sh {SPARK_ARGS} -- --input {INPUT} --output {OUTPUT} " + JOB_ARGS + " "
        ),
        env={"EFFNET_HOME": EFFNET_HOME},
        append_env=True,
        execution_timeout=timedelta(hours=6),
    )
