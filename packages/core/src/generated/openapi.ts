/**
 * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.
 */

export interface paths {
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a workflow run */
        post: operations["createRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{workflow_run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a workflow run */
        get: operations["retrieveRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start one run per row of a CSV file */
        post: operations["createBulkRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/bulk/{bulk_run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a bulk run */
        get: operations["retrieveBulkRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    runFinished: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A run reached a final status
         * @description Sent to the run's `webhook_url`, signed per the Standard Webhooks specification. Delivery is at least once: every attempt of one delivery carries the same `webhook-id`.
         */
        post: operations["runFinished"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    bulkRunFinished: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A bulk run reached a final status
         * @description Sent to the bulk run's `webhook_url`, signed and retried like `runFinished`. The body is the bulk run (its id starts with `bkr_`, a run's with `rnp_`), so one URL can receive both.
         */
        post: operations["bulkRunFinished"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @description `queued` and `running` are in progress; every other value is final. Clients must treat a status they do not know as final.
         * @enum {string}
         */
        RunStatus: "queued" | "running" | "completed" | "failed" | "cancelled";
        CreateRunRequest: {
            /** @description Unique ID of the workflow to run. */
            workflow_id: string;
            /**
             * Format: uri
             * @description Receives the run object when the run completes or fails.
             */
            webhook_url?: string;
            /** @description Inputs passed to the workflow. */
            inputs?: {
                [key: string]: unknown;
            };
            /**
             * @deprecated
             * @description Older name of `inputs`, still accepted by servers. Clients send `inputs`.
             */
            input?: {
                [key: string]: unknown;
            };
        };
        WorkflowRun: {
            /** @description Unique ID of the workflow run, e.g. `rnp_x3p27VQk6MyJfLe`. */
            id: string;
            /** @description Version of the workflow being run, e.g. `vsp_…`. */
            version_id: string;
            status: components["schemas"]["RunStatus"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            started_at: string | null;
            /** Format: date-time */
            ended_at: string | null;
            workflow_id: string;
            /** @description Why the run failed, or null. */
            error: string | null;
            /** @description Inputs used in the workflow. */
            input: {
                [key: string]: unknown;
            };
            /** @description Output of the workflow, or null if it failed. */
            output: unknown;
        };
        CreateBulkRunRequest: {
            workflow_id: string;
            /**
             * Format: uri
             * @description A CSV whose header row names the inputs; each further row becomes one run.
             */
            input_csv_url: string;
            /**
             * Format: uri
             * @description Receives the bulk run object when it completes or fails.
             */
            webhook_url?: string;
        };
        BulkRun: {
            /** @description e.g. `bkr_…`. */
            id: string;
            version_id: string;
            status: components["schemas"]["RunStatus"];
            /** Format: date-time */
            created_at: string;
            workflow_id: string;
            input_csv_url: string;
            output_csv_url: string | null;
            error: string | null;
            row_count: number | null;
        };
        ErrorResponse: {
            error: {
                /** @description Machine-readable kind, e.g. `invalid_request`, `not_found`. */
                type: string;
                /** @description What went wrong and how to fix it. */
                message: string;
            };
        };
    };
    responses: {
        /** @description The request failed; the body says why. */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /** @description Unique per delivery, identical on every retry of it. */
        WebhookId: string;
        /** @description Unix seconds when this attempt was signed. */
        WebhookTimestamp: string;
        /** @description Space-separated `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
        WebhookSignature: string;
        /** @description Repeating a POST with the same key returns the first result instead of starting new work. The same key with a different body is a 409 error. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeating a POST with the same key returns the first result instead of starting new work. The same key with a different body is a 409 error. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRunRequest"];
            };
        };
        responses: {
            /** @description The run was already created with this Idempotency-Key; the first result is returned. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description The run was created and is now in progress. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            400: components["responses"]["Error"];
            401: components["responses"]["Error"];
            404: components["responses"]["Error"];
            409: components["responses"]["Error"];
            413: components["responses"]["Error"];
            422: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    retrieveRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            401: components["responses"]["Error"];
            404: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    createBulkRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeating a POST with the same key returns the first result instead of starting new work. The same key with a different body is a 409 error. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBulkRunRequest"];
            };
        };
        responses: {
            /** @description The bulk run was already created with this Idempotency-Key; the first result is returned. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkRun"];
                };
            };
            /** @description The bulk run was created and is now in progress. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkRun"];
                };
            };
            400: components["responses"]["Error"];
            401: components["responses"]["Error"];
            404: components["responses"]["Error"];
            409: components["responses"]["Error"];
            413: components["responses"]["Error"];
            422: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    retrieveBulkRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bulk_run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bulk run as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkRun"];
                };
            };
            401: components["responses"]["Error"];
            404: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    runFinished: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per delivery, identical on every retry of it. */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /** @description Space-separated `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowRun"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery; anything else is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bulkRunFinished: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per delivery, identical on every retry of it. */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /** @description Space-separated `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkRun"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery; anything else is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
