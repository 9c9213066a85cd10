package dev.mesa.worker.command;

import dev.mesa.model.DeviceSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --device} as a {@link DeviceSpec}: a bad name is a usage error naming the accepted forms (and
 * {@code MESA_DEVICE} when the bad name came from there).
 */
final class DeviceConverter implements ITypeConverter<DeviceSpec> {
    static final String ENV = "MESA_DEVICE";

    @Override
    public DeviceSpec convert(String value) {
        try {
            return DeviceSpec.parse(value);
        } catch (IllegalArgumentException e) {
            boolean fromEnv = value != null && value.equals(System.getenv(ENV));
            throw new TypeConversionException(e.getMessage() + (fromEnv ? " (the value of env " + ENV + ")" : ""));
        }
    }
}
