/* rdkafka.h (placeholder) */
